package dev.hookkeeper.app;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.ToDoubleFunction;

/** The registry behind /metrics, with JVM, process and connection-pool meters bound. */
final class PrometheusMetrics {
  private PrometheusMetrics() {}

  static PrometheusMeterRegistry create(HikariDataSource dataSource) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    poolGauge(registry, dataSource, "active", HikariPoolMXBean::getActiveConnections);
    poolGauge(registry, dataSource, "idle", HikariPoolMXBean::getIdleConnections);
    poolGauge(registry, dataSource, "total", HikariPoolMXBean::getTotalConnections);
    poolGauge(registry, dataSource, "pending", HikariPoolMXBean::getThreadsAwaitingConnection);
    return registry;
  }

  private static void poolGauge(PrometheusMeterRegistry registry, HikariDataSource ds, String state,
      ToDoubleFunction<HikariPoolMXBean> value) {
    Gauge.builder("hookkeeper.db.pool.connections", ds, d -> {
      HikariPoolMXBean bean = d.getHikariPoolMXBean();
      return bean == null ? Double.NaN : value.applyAsDouble(bean);
    }).tag("state", state).description("Database pool connections").register(registry);
  }
}
