package dev.hookkeeper.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
  private final ClientAddress behindProxies =
      new ClientAddress(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("fd00::/8"), Cidr.parse("192.0.2.7")));

  @Test
  void without_trusted_proxies_the_peer_is_the_client_whatever_the_header_says() {
    assertThat(new ClientAddress(List.of()).of("203.0.113.9", "198.51.100.1")).isEqualTo("203.0.113.9");
  }

  @Test
  void an_untrusted_peer_cannot_choose_its_address_by_header() {
    assertThat(behindProxies.of("203.0.113.9", "10.1.1.1")).isEqualTo("203.0.113.9");
  }

  @Test
  void behind_trusted_proxies_the_client_is_the_rightmost_untrusted_hop() {
    assertThat(behindProxies.of("10.0.0.5", "140.82.115.4")).isEqualTo("140.82.115.4");
    // the left part is what the client claimed; the proxies appended the real hops on the right
    assertThat(behindProxies.of("10.0.0.5", "1.2.3.4, 140.82.115.4, 10.9.9.9")).isEqualTo("140.82.115.4");
    assertThat(behindProxies.of("fd00::1", "2001:db8::7, fd00::2")).isEqualTo("2001:db8::7");
    assertThat(behindProxies.of("192.0.2.7", "192.0.2.44")).isEqualTo("192.0.2.44");
  }

  @Test
  void a_chain_of_only_trusted_hops_or_garbage_stops_at_the_last_good_one() {
    assertThat(behindProxies.of("10.0.0.5", "10.0.0.9, 10.0.0.8")).isEqualTo("10.0.0.9");
    assertThat(behindProxies.of("10.0.0.5", "evil.example, 140.82.115.4")).isEqualTo("140.82.115.4");
    assertThat(behindProxies.of("10.0.0.5", "unknown")).isEqualTo("10.0.0.5");
    assertThat(behindProxies.of("10.0.0.5", null)).isEqualTo("10.0.0.5");
  }

  @Test
  void parses_address_blocks_and_refuses_names_and_nonsense() throws Exception {
    assertThat(Cidr.parse("10.0.0.0/8").contains(InetAddress.getByName("10.200.3.4"))).isTrue();
    assertThat(Cidr.parse("10.0.0.0/8").contains(InetAddress.getByName("11.0.0.1"))).isFalse();
    assertThat(Cidr.parse("192.168.4.0/22").contains(InetAddress.getByName("192.168.7.255"))).isTrue();
    assertThat(Cidr.parse("192.168.4.0/22").contains(InetAddress.getByName("192.168.8.0"))).isFalse();
    assertThat(Cidr.parse("0.0.0.0/0").contains(InetAddress.getByName("8.8.8.8"))).isTrue();
    assertThat(Cidr.parse("10.0.0.0/8").contains(InetAddress.getByName("::1"))).isFalse();
    assertThat(Cidr.parse("2001:db8::/32").toString()).isEqualTo("2001:db8:0:0:0:0:0:0/32");
    assertThatThrownBy(() -> Cidr.parse("proxy.internal")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/x")).isInstanceOf(IllegalArgumentException.class);
  }
}
