package dev.hookkeeper.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.crypto.Sha256;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.UserStore;
import org.junit.jupiter.api.Test;

/** What every {@link UserStore} must do. */
public abstract class UserStoreContract extends StoreContractSupport {

  private UserStore store() {
    return stores().users();
  }

  @Test
  void finds_a_created_user_by_id_and_by_api_token_hash() {
    User user = new User(new UserId(uniqueId("usr")), "Ada Lovelace", T0);
    String hash = Sha256.hex(uniqueId("hk"));

    store().create(user, hash);

    assertThat(store().find(user.id())).contains(user);
    assertThat(store().findByApiToken(hash)).contains(user);
  }

  @Test
  void finds_nothing_for_unknown_ids_and_hashes() {
    newUser();

    assertThat(store().find(new UserId(uniqueId("usr")))).isEmpty();
    assertThat(store().findByApiToken(Sha256.hex(uniqueId("hk")))).isEmpty();
  }

  @Test
  void keeps_users_apart() {
    User a = new User(new UserId(uniqueId("usr")), "a", T0);
    User b = new User(new UserId(uniqueId("usr")), "b", t(1));
    String hashA = Sha256.hex(uniqueId("hk"));
    String hashB = Sha256.hex(uniqueId("hk"));
    store().create(a, hashA);
    store().create(b, hashB);

    assertThat(store().findByApiToken(hashA)).contains(a);
    assertThat(store().findByApiToken(hashB)).contains(b);
  }

  @Test
  void a_replaced_api_token_no_longer_finds_the_user() {
    User user = newUser();
    String before = Sha256.hex(uniqueId("hk"));
    User other = new User(new UserId(uniqueId("usr")), "rotating", T0);
    store().create(other, before);
    String after = Sha256.hex(uniqueId("hk"));

    assertThat(store().replaceApiToken(other.id(), after)).isTrue();

    assertThat(store().findByApiToken(before)).isEmpty();
    assertThat(store().findByApiToken(after)).contains(other);
    assertThat(store().find(user.id())).contains(user);
    assertThat(store().replaceApiToken(new UserId(uniqueId("usr")), Sha256.hex(uniqueId("hk")))).isFalse();
  }

  @Test
  void a_deleted_user_is_gone_by_id_and_by_token_and_frees_its_token_hash() {
    User user = new User(new UserId(uniqueId("usr")), "leaving", T0);
    String hash = Sha256.hex(uniqueId("hk"));
    store().create(user, hash);
    User stays = newUser();

    assertThat(store().delete(user.id())).isTrue();

    assertThat(store().find(user.id())).isEmpty();
    assertThat(store().findByApiToken(hash)).isEmpty();
    assertThat(store().find(stays.id())).contains(stays);
    assertThat(store().delete(user.id())).isFalse();
    User next = new User(new UserId(uniqueId("usr")), "next", T0);
    store().create(next, hash);
    assertThat(store().findByApiToken(hash)).contains(next);
  }
}
