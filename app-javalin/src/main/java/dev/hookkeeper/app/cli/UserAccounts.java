package dev.hookkeeper.app.cli;

import dev.hookkeeper.core.crypto.RandomSecretGenerator;
import dev.hookkeeper.core.port.UserStore;
import dev.hookkeeper.core.support.TimeOrderedIdGenerator;
import dev.hookkeeper.core.usecase.CreateUser;
import dev.hookkeeper.core.usecase.RotateApiToken;
import dev.hookkeeper.persistence.PersistenceModule;
import java.time.Clock;

/**
 * The two account use cases the user commands run, on the command's database: each built with the
 * one store and the generators it uses, without starting the rest of Hookkeeper.
 */
final class UserAccounts {
  private final UserStore users;

  UserAccounts(CommandDatabase database) {
    this.users = PersistenceModule.create(database.dataSource(), database.cipher()).users();
  }

  CreateUser createUser() {
    return new CreateUser(
        users, new RandomSecretGenerator(), new TimeOrderedIdGenerator(), Clock.systemUTC());
  }

  RotateApiToken rotateApiToken() {
    return new RotateApiToken(users, new RandomSecretGenerator());
  }
}
