package example;

import com.sun.net.httpserver.HttpServer;
import dev.hookkeeper.core.Hookkeeper;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.github.GitHubAdapters;
import dev.hookkeeper.persistence.JdbiStores;
import dev.hookkeeper.persistence.PostgresDataSource;
import java.net.InetSocketAddress;
import okhttp3.OkHttpClient;

public final class EmbeddingExample {
  public static void main(String[] args) throws Exception {
    var env = System.getenv();
    var hookkeeper = Hookkeeper.builder()
        .stores(JdbiStores.on(PostgresDataSource.create(env.get("DATABASE_URL"))))
        .provider(GitHubAdapters.create(env.get("GITHUB_API_URL"), new OkHttpClient()))
        .ingestBaseUrl(env.get("PUBLIC_URL") + "/webhooks")
        .cipherKey(env.get("HOOKKEEPER_KEY"))
        .notifier(n -> System.out.println(n.type().wireName() + " " + n.data()))
        .build();
    var server = HttpServer.create(new InetSocketAddress(Integer.parseInt(env.get("PORT"))), 0);
    server.createContext("/webhooks/github", exchange -> {
      var result = hookkeeper.ingest(Provider.GITHUB, exchange.getRequestHeaders(),
          exchange.getRequestBody().readAllBytes(), exchange.getRemoteAddress().getHostString());
      exchange.sendResponseHeaders(result.httpStatus(), -1);
      exchange.close();
    });
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> { server.stop(1); hookkeeper.close(); }));
    var me = hookkeeper.createUser().create("ci-bot").user().id();
    hookkeeper.storeProviderToken().store(me, Provider.GITHUB, Secret.of(env.get("GITHUB_TOKEN")));
    System.out.println(hookkeeper.connectRepository().connect(me, Provider.GITHUB, env.get("REPOSITORY")));
  }
}
