package dev.hookkeeper.core.port;

/** New opaque ids such as {@code conn_01JD…}; time-ordered so that newest-first lists are cheap. */
@FunctionalInterface
public interface IdGenerator {
  String newId(String prefix);
}
