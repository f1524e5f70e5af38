package example;

import dev.hookkeeper.app.HookkeeperPlugin;
import dev.hookkeeper.core.Hookkeeper;
import dev.hookkeeper.github.GitHubAdapters;
import dev.hookkeeper.persistence.JdbiStores;
import dev.hookkeeper.persistence.PostgresDataSource;
import io.javalin.Javalin;
import java.util.Optional;
import okhttp3.OkHttpClient;

public final class PluginExample {
  public static void main(String[] args) {
    var env = System.getenv();
    var hookkeeper = Hookkeeper.builder()
        .stores(JdbiStores.on(PostgresDataSource.create(env.get("DATABASE_URL"))))
        .provider(GitHubAdapters.create(env.get("GITHUB_API_URL"), new OkHttpClient()))
        .ingestBaseUrl(HookkeeperPlugin.ingestBaseUrl(env.get("PUBLIC_URL"), "/hookkeeper"))
        .cipherKey(env.get("HOOKKEEPER_KEY"))
        .build();
    var app = Javalin.create(config -> {
      config.routes.get("/", ctx -> ctx.result("my app"));
      config.registerPlugin(new HookkeeperPlugin(hookkeeper, hk -> {
        hk.prefix = "/hookkeeper";
        hk.authentication = ctx -> Optional.ofNullable(ctx.sessionAttribute("user-id"));
      }));
    }).start(Integer.parseInt(env.get("PORT")));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> { app.stop(); hookkeeper.close(); }));
  }
}
