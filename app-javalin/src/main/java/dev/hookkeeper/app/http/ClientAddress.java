package dev.hookkeeper.app.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The address a request really came from. Behind a load balancer every peer is the balancer, so
 * the client is taken from {@code X-Forwarded-For} — but only when the peer is a trusted proxy
 * ({@code TRUSTED_PROXIES}), and then the right-most address that is not itself a trusted proxy
 * (the left part of the header is whatever the client claimed). Without trusted proxies the peer
 * is the client, whatever the header says.
 */
public final class ClientAddress {
  private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

  private final List<Cidr> trustedProxies;

  public ClientAddress(List<Cidr> trustedProxies) {
    this.trustedProxies = List.copyOf(trustedProxies);
  }

  public String of(String peer, String forwardedFor) {
    if (trustedProxies.isEmpty() || forwardedFor == null || !trusted(peer)) return peer;
    String[] hops = forwardedFor.split(",");
    String client = peer;
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (!LITERAL.matcher(hop).matches()) return client; // garbage: stop at the last good hop
      client = hop;
      if (!trusted(hop)) return hop;
    }
    return client;
  }

  private boolean trusted(String address) {
    if (address == null || !LITERAL.matcher(address).matches()) return false;
    InetAddress a;
    try {
      a = InetAddress.getByName(address);
    } catch (UnknownHostException e) {
      return false;
    }
    for (Cidr c : trustedProxies) if (c.contains(a)) return true;
    return false;
  }
}
