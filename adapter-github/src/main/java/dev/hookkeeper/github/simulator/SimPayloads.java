package dev.hookkeeper.github.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Webhook payloads the simulated GitHub sends on its own: {@code ping}, {@code meta} {@code
 * deleted}, {@code repository} {@code renamed}/{@code transferred}/{@code archived}. The repository
 * events start from real payloads (templates beside this class, {@code SOURCES.md}).
 */
final class SimPayloads {
  private static final String[] ZEN = {
      "Design for failure.", "Anything added dilutes everything else.", "Keep it logically awesome.",
      "Speak like a human.", "Practicality beats purity."};

  private final SimJson json;
  private final ObjectNode renamed = template("repository.renamed.json");
  private final ObjectNode transferred = template("repository.transferred.json");
  private int zenIndex;

  SimPayloads(SimJson json) {
    this.json = json;
  }

  /** The {@code ping} GitHub sends to a new hook and on {@code POST …/pings}. */
  ObjectNode ping(SimRepo r, SimHook h, SimUser sender) {
    ObjectNode n = SimJson.MAPPER.createObjectNode();
    n.put("zen", ZEN[zenIndex++ % ZEN.length]);
    n.put("hook_id", h.id);
    n.set("hook", json.hook(r, h));
    n.set("repository", json.repository(r, null));
    n.set("sender", json.sender(sender));
    return n;
  }

  /** The {@code meta} event GitHub sends to a hook subscribed to it when the hook is deleted. */
  ObjectNode metaDeleted(SimRepo r, SimHook h, SimUser sender) {
    ObjectNode n = SimJson.MAPPER.createObjectNode();
    n.put("action", "deleted");
    n.put("hook_id", h.id);
    n.set("hook", json.hook(r, h));
    n.set("repository", json.repository(r, null));
    n.set("sender", json.sender(sender));
    return n;
  }

  /** {@code repository} {@code renamed} ({@code changes.repository.name.from}); {@code repository} holds the new name. */
  ObjectNode renamed(SimRepo r, String oldName) {
    ObjectNode n = renamed.deepCopy();
    n.remove("installation");
    n.remove("organization");
    ((ObjectNode) n.at("/changes/repository/name")).put("from", oldName);
    n.set("repository", json.repository(r, null));
    n.set("sender", json.sender(null));
    return n;
  }

  /** {@code repository} {@code transferred} ({@code changes.owner.from.user}). */
  ObjectNode transferred(SimRepo r, String oldOwner) {
    ObjectNode n = transferred.deepCopy();
    ObjectNode from = (ObjectNode) n.at("/changes/owner/from/user");
    from.put("login", oldOwner);
    from.put("html_url", "https://github.com/" + oldOwner);
    n.set("repository", json.repository(r, null));
    n.set("sender", json.sender(null));
    return n;
  }

  /** {@code repository} {@code archived}: the renamed template's shape without {@code changes}. */
  ObjectNode archived(SimRepo r) {
    ObjectNode n = renamed.deepCopy();
    n.remove("installation");
    n.remove("organization");
    n.remove("changes");
    n.put("action", "archived");
    n.set("repository", json.repository(r, null));
    n.set("sender", json.sender(null));
    return n;
  }

  static ObjectNode template(String name) {
    try (InputStream in = SimPayloads.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("missing simulator template " + name);
      JsonNode node = SimJson.MAPPER.readTree(in);
      return (ObjectNode) node;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read simulator template " + name, e);
    }
  }
}
