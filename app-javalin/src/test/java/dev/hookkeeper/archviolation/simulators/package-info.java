/**
 * Deliberately broken classes, laid out like Hookkeeper's adapters and app, that every simulator
 * isolation rule must reject (see {@code SimulatorRulesCanFailTest}); the demo's use of both
 * simulators is the allowed case. Test sources only.
 */
package dev.hookkeeper.archviolation.simulators;
