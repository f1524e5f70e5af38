package dev.hookkeeper.app.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;

/**
 * Renders the jte templates of {@code src/main/jte}, precompiled at build time (the build fails on a
 * template error; nothing is compiled at run time). Output is HTML-escaped by default.
 */
final class Templates {
  private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

  String render(String template, Object model) {
    StringOutput out = new StringOutput();
    engine.render(template, model, out);
    return out.toString();
  }

  /** A page: HTML, never cached (it shows one user's data), with the headers every page carries. */
  void page(Context ctx, int status, String template, Object model) {
    PageHeaders.apply(ctx);
    ctx.status(status).contentType("text/html; charset=utf-8").result(render(template, model));
  }
}
