package dev.hookkeeper.app.cli;

import dev.hookkeeper.app.Wiring;
import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.usecase.CreateUser;
import dev.hookkeeper.core.usecase.RotateApiToken;
import dev.hookkeeper.persistence.PersistenceModule;
import java.time.Clock;

/** The two account use cases the user commands run, on the command's database. */
final class UserAccounts {
  private final Ports ports;

  UserAccounts(CommandDatabase database) {
    // nobody listens to a command's notifications: creating a user or a token notifies no one anyway
    this.ports = Wiring.ports(PersistenceModule.create(database.dataSource(), database.cipher()), n -> {},
        database.cipher(), Clock.systemUTC());
  }

  CreateUser createUser() {
    return new CreateUser(ports);
  }

  RotateApiToken rotateApiToken() {
    return new RotateApiToken(ports);
  }
}
