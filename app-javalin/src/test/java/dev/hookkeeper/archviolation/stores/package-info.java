/**
 * Planted classes for {@code StoreRulesTest}: a store that calls {@code Jdbi} itself ({@code
 * DirectRunner}, a violation) beside one that goes through a gateway ({@code GatewayRunner}). Test
 * sources only; never imported by the main rules.
 */
package dev.hookkeeper.archviolation.stores;
