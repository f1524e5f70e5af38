package dev.hookkeeper.core.config;

import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.port.InboundDecoder;
import dev.hookkeeper.core.port.ProviderHooksApi;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The provider adapters in use, looked up by provider. */
public final class Providers {
  private final Map<Provider, ProviderHooksApi> apis = new EnumMap<>(Provider.class);
  private final Map<Provider, InboundDecoder> decoders = new EnumMap<>(Provider.class);

  public Providers(List<ProviderHooksApi> apis, List<InboundDecoder> decoders) {
    for (ProviderHooksApi api : apis) {
      if (this.apis.put(api.provider(), api) != null) {
        throw new IllegalArgumentException("two hooks APIs for " + api.provider().id());
      }
    }
    for (InboundDecoder decoder : decoders) {
      if (this.decoders.put(decoder.provider(), decoder) != null) {
        throw new IllegalArgumentException("two inbound decoders for " + decoder.provider().id());
      }
    }
  }

  public Optional<ProviderHooksApi> api(Provider provider) {
    return Optional.ofNullable(apis.get(provider));
  }

  public Optional<InboundDecoder> decoder(Provider provider) {
    return Optional.ofNullable(decoders.get(provider));
  }

  /** The API for a provider the caller already validated; a missing one is a wiring bug. */
  public ProviderHooksApi requireApi(Provider provider) {
    return api(provider).orElseThrow(() -> new IllegalArgumentException("provider not configured: " + provider.id()));
  }
}
