package dev.hookkeeper.app.web;

import java.util.List;

/** A connected repository: its hook's health, and its delivery log with filters and paging. */
public record RepositoryView(
    Chrome chrome, String id, String fullName, String providerName, Health health, Log log) {

  /**
   * The part live updates replace.
   *
   * @param problem why the hook is not working ({@code ""} when it is)
   * @param retryable whether "Retry" applies (creation failed)
   * @param trail what happened to the hook lately (its audit trail), newest first
   */
  public record Health(
      String id,
      StatusLabel status,
      String problem,
      boolean retryable,
      String events,
      String webhookId,
      String lastDelivery,
      String lastDeliveryIso,
      long total,
      long pending,
      long failed,
      long rejected,
      String csrf,
      List<TrailLine> trail) {}

  /** One audit-trail event: when, what in words, and the detail. */
  public record TrailLine(String at, String atIso, String what, String detail) {}

  /**
   * @param statusFilter the selected status ({@code ""} for all)
   * @param nextHref the next page's link ({@code ""} on the last page)
   */
  public record Log(
      List<Entry> entries,
      String statusFilter,
      String eventFilter,
      List<String> statuses,
      String nextHref,
      boolean filtered) {}

  /**
   * @param why the refusal reason of a rejected attempt, or the processing error ({@code ""} when
   *     none)
   */
  public record Entry(
      String deliveryId,
      String event,
      String action,
      StatusLabel status,
      String why,
      String receivedAt,
      String receivedIso,
      String href) {
    public boolean linked() {
      return !href.isEmpty();
    }
  }
}
