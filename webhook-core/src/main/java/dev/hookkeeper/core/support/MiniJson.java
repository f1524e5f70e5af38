package dev.hookkeeper.core.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON for the core's own payloads (a caught-up run), which the core must write and
 * read without a library: objects as {@code Map<String, Object>} in key order, arrays as {@code
 * List<Object>}, strings, integral numbers as {@code Long}, other numbers as {@code Double},
 * booleans and {@code null}. Strict: trailing input, bad escapes and nesting beyond 32 levels are
 * errors ({@link IllegalArgumentException}).
 */
public final class MiniJson {
  private static final int MAX_DEPTH = 32;

  private MiniJson() {}

  /** {@code value} as JSON text. */
  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  /** The value {@code text} holds. */
  public static Object read(String text) {
    Reader r = new Reader(text);
    r.space();
    Object value = r.value(0);
    r.space();
    if (r.pos != text.length()) throw r.error("trailing input");
    return value;
  }

  private static void write(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      string(s, out);
    } else if (value instanceof Boolean || value instanceof Long || value instanceof Integer) {
      out.append(value);
    } else if (value instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) throw new IllegalArgumentException("JSON has no " + d);
      out.append(d);
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!first) out.append(',');
        first = false;
        string(String.valueOf(e.getKey()), out);
        out.append(':');
        write(e.getValue(), out);
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) out.append(',');
        write(list.get(i), out);
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static final class Reader {
    final String text;
    int pos;

    Reader(String text) {
      this.text = text;
    }

    Object value(int depth) {
      if (depth > MAX_DEPTH) throw error("nested too deeply");
      if (pos >= text.length()) throw error("unexpected end");
      char c = text.charAt(pos);
      if (c == '{') return object(depth);
      if (c == '[') return array(depth);
      if (c == '"') return string();
      if (c == '-' || (c >= '0' && c <= '9')) return number();
      if (text.startsWith("true", pos)) {
        pos += 4;
        return Boolean.TRUE;
      }
      if (text.startsWith("false", pos)) {
        pos += 5;
        return Boolean.FALSE;
      }
      if (text.startsWith("null", pos)) {
        pos += 4;
        return null;
      }
      throw error("unexpected '" + c + "'");
    }

    Map<String, Object> object(int depth) {
      Map<String, Object> map = new LinkedHashMap<>();
      pos++;
      space();
      if (peek('}')) {
        pos++;
        return map;
      }
      while (true) {
        space();
        if (!peek('"')) throw error("expected a key");
        String key = string();
        space();
        expect(':');
        space();
        map.put(key, value(depth + 1));
        space();
        if (peek(',')) {
          pos++;
          continue;
        }
        expect('}');
        return map;
      }
    }

    List<Object> array(int depth) {
      List<Object> list = new ArrayList<>();
      pos++;
      space();
      if (peek(']')) {
        pos++;
        return list;
      }
      while (true) {
        space();
        list.add(value(depth + 1));
        space();
        if (peek(',')) {
          pos++;
          continue;
        }
        expect(']');
        return list;
      }
    }

    String string() {
      pos++;
      StringBuilder out = new StringBuilder();
      while (true) {
        if (pos >= text.length()) throw error("unterminated string");
        char c = text.charAt(pos++);
        if (c == '"') return out.toString();
        if (c < 0x20) throw error("control character in a string");
        if (c != '\\') {
          out.append(c);
          continue;
        }
        if (pos >= text.length()) throw error("unterminated escape");
        char e = text.charAt(pos++);
        switch (e) {
          case '"', '\\', '/' -> out.append(e);
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'u' -> {
            if (pos + 4 > text.length()) throw error("short unicode escape");
            try {
              out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
            } catch (NumberFormatException ex) {
              throw error("bad unicode escape");
            }
            pos += 4;
          }
          default -> throw error("bad escape '\\" + e + "'");
        }
      }
    }

    Object number() {
      int start = pos;
      if (peek('-')) pos++;
      while (pos < text.length() && "0123456789.eE+-".indexOf(text.charAt(pos)) >= 0) pos++;
      String n = text.substring(start, pos);
      try {
        if (n.indexOf('.') < 0 && n.indexOf('e') < 0 && n.indexOf('E') < 0)
          return Long.parseLong(n);
        return Double.parseDouble(n);
      } catch (NumberFormatException e) {
        throw error("bad number '" + n + "'");
      }
    }

    void space() {
      while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) pos++;
    }

    boolean peek(char c) {
      return pos < text.length() && text.charAt(pos) == c;
    }

    void expect(char c) {
      if (!peek(c)) throw error("expected '" + c + "'");
      pos++;
    }

    IllegalArgumentException error(String what) {
      return new IllegalArgumentException("invalid JSON at " + pos + ": " + what);
    }
  }
}
