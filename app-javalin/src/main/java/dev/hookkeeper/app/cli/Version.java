package dev.hookkeeper.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the version Maven built, from the jar's own pom.properties. */
final class Version implements IVersionProvider {
  private static final String POM_PROPERTIES =
      "/META-INF/maven/dev.hookkeeper/app-javalin/pom.properties";

  @Override
  public String[] getVersion() throws IOException {
    Properties properties = new Properties();
    try (InputStream in = Version.class.getResourceAsStream(POM_PROPERTIES)) {
      if (in != null) properties.load(in);
    }
    return new String[] {"Hookkeeper " + properties.getProperty("version", "(development build)")};
  }
}
