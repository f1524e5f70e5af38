package dev.hookkeeper.persistence;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A database location as the operator gives it: a JDBC URL ({@code jdbc:postgresql://…}) or the
 * common {@code postgres://user:pass@host:port/db} / {@code postgresql://…} form (Heroku, Render,
 * Fly), turned into a JDBC URL plus credentials. No password (nor a {@code password=} parameter of
 * the JDBC URL, as the embedded server's carries) is ever part of {@link #toString}.
 */
record DatabaseUrl(String jdbcUrl, String user, String password) {

  DatabaseUrl {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl == null");
  }

  static DatabaseUrl parse(String url) {
    Objects.requireNonNull(url, "url == null");
    String trimmed = url.trim();
    if (trimmed.startsWith("jdbc:postgresql:")) return new DatabaseUrl(trimmed, null, null);
    if (!trimmed.startsWith("postgres://") && !trimmed.startsWith("postgresql://")) {
      throw new IllegalArgumentException(
          "DATABASE_URL must start with jdbc:postgresql:, postgres:// or postgresql://");
    }
    URI uri;
    try {
      uri = new URI(trimmed);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("DATABASE_URL is not a valid URL (" + e.getReason() + ")");
    }
    if (uri.getHost() == null) throw new IllegalArgumentException("DATABASE_URL names no host");
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (path.length() <= 1) throw new IllegalArgumentException("DATABASE_URL names no database");
    String host = uri.getHost().contains(":") && !uri.getHost().startsWith("[") ? "[" + uri.getHost() + "]" : uri.getHost();
    StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(host);
    if (uri.getPort() != -1) jdbc.append(':').append(uri.getPort());
    jdbc.append(path);
    if (uri.getRawQuery() != null) jdbc.append('?').append(uri.getRawQuery());
    String user = null;
    String password = null;
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
    }
    return new DatabaseUrl(jdbc.toString(), user, password);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    String shown = jdbcUrl.replaceAll("(?i)([?&;]password=)[^&;]*", "$1[redacted]");
    return "DatabaseUrl[" + shown + ", user=" + user + ", password=" + (password == null ? "none" : "[redacted]") + "]";
  }
}
