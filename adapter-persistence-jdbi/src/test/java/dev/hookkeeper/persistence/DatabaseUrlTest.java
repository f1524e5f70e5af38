package dev.hookkeeper.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

  @Test
  void passes_a_jdbc_url_through() {
    DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://db:5432/hk?user=a&password=b");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/hk?user=a&password=b");
    assertThat(url.user()).isNull();
  }

  @Test
  void never_shows_a_password_given_as_a_jdbc_parameter() {
    DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://db:5432/hk?user=a&password=s3cr3t-value&sslmode=require");
    assertThat(url.toString()).doesNotContain("s3cr3t-value").contains("sslmode=require");
  }

  @Test
  void converts_a_postgres_url_with_credentials() {
    DatabaseUrl url = DatabaseUrl.parse("postgres://hook%40keeper:p%3Ass+w@db.example.com:6543/hooks?sslmode=require");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/hooks?sslmode=require");
    assertThat(url.user()).isEqualTo("hook@keeper");
    assertThat(url.password()).isEqualTo("p:ss+w");
    assertThat(url.toString()).doesNotContain("p:ss+w");
  }

  @Test
  void converts_a_postgresql_url_without_port_or_password() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://app@localhost/hookkeeper");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/hookkeeper");
    assertThat(url.user()).isEqualTo("app");
    assertThat(url.password()).isNull();
  }

  @Test
  void rejects_other_schemes_and_urls_without_a_database() {
    assertThatThrownBy(() -> DatabaseUrl.parse("mysql://x@y/z")).hasMessageContaining("DATABASE_URL");
    assertThatThrownBy(() -> DatabaseUrl.parse("postgres://x@y")).hasMessageContaining("no database");
  }
}
