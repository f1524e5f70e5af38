package dev.hookkeeper.core.testkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Restorable copies of store state, for {@link InMemoryTransactionRunner}'s rollback. */
final class Checkpoints {
  private Checkpoints() {}

  /** Values must be immutable: the copy is shallow. */
  static <K, V> Runnable of(Map<K, V> map) {
    Map<K, V> copy = new HashMap<>(map);
    return () -> {
      map.clear();
      map.putAll(copy);
    };
  }

  static <T> Runnable of(List<T> list) {
    List<T> copy = new ArrayList<>(list);
    return () -> {
      list.clear();
      list.addAll(copy);
    };
  }

  static Runnable all(Runnable... restores) {
    return () -> {
      for (Runnable r : restores) r.run();
    };
  }
}
