/**
 * Deliberately broken classes, laid out like the core, that every architecture rule must reject
 * (see {@code ArchitectureRulesCanFailTest}). Test sources only, and left out of the test-jar.
 */
package dev.hookkeeper.archviolation;
