package dev.hookkeeper.app.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 address block such as {@code 10.0.0.0/8} or {@code fd00::/8}; a bare address is a /32 or /128. */
public record Cidr(byte[] network, int prefix) {
  // literals only: a host name here would be resolved, and a trusted-proxy list must not depend on DNS
  private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

  public Cidr {
    Objects.requireNonNull(network, "network == null");
    network = network.clone();
    if (prefix < 0 || prefix > network.length * 8) throw new IllegalArgumentException("prefix out of range: " + prefix);
  }

  /** @throws IllegalArgumentException when {@code text} is not an address or address block */
  public static Cidr parse(String text) {
    String t = text.trim();
    int slash = t.indexOf('/');
    String address = slash < 0 ? t : t.substring(0, slash);
    if (!LITERAL.matcher(address).matches()) throw new IllegalArgumentException("not an IP address: " + t);
    byte[] bytes;
    try {
      bytes = InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + t);
    }
    int prefix;
    try {
      prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(t.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a prefix length: " + t);
    }
    if (prefix < 0 || prefix > bytes.length * 8) throw new IllegalArgumentException("prefix out of range: " + t);
    return new Cidr(bytes, prefix);
  }

  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    if (a.length != network.length) return false;
    int full = prefix / 8;
    for (int i = 0; i < full; i++) if (a[i] != network[i]) return false;
    int rest = prefix % 8;
    if (rest == 0) return true;
    int mask = (0xff << (8 - rest)) & 0xff;
    return (a[full] & mask) == (network[full] & mask);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c && c.prefix == prefix && java.util.Arrays.equals(c.network, network);
  }

  @Override
  public int hashCode() {
    return 31 * java.util.Arrays.hashCode(network) + prefix;
  }

  @Override
  public String toString() {
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
