// News Digest's lean pages (digest/site/theme/digest/lean.html): Material's two inline
// scripts, shared by every page instead of repeated in each, and the parts of the page that
// only work with script (the plugin appends their markup as __nd_chrome). Loaded in <head>, before
// Material's bundle, as Material's own are. The scope (where the palette choice is kept)
// is the site's root, this file's parent folder, unless the page names another.
(function () {
  var script = document.currentScript;
  var scope = script.getAttribute("data-scope");
  window.__md_scope = scope ? new URL(scope, location) : new URL("..", script.src);
  window.__md_hash = function (e) {
    return Array.from(e).reduce(function (h, c) { return (h << 5) - h + c.charCodeAt(0); }, 0);
  };
  window.__md_get = function (e, store, base) {
    return JSON.parse((store || localStorage).getItem((base || __md_scope).pathname + "." + e));
  };
  window.__md_set = function (e, value, store, base) {
    try {
      (store || localStorage).setItem((base || __md_scope).pathname + "." + e, JSON.stringify(value));
    } catch (error) {}
  };
  // Write a part of the page (its markup is in __nd_chrome, below) where the calling script is.
  window.__nd_insert = function (part) {
    document.currentScript.insertAdjacentHTML("beforebegin", window.__nd_chrome[part] || "");
  };
  // Called right after the palette's inputs: the reader's chosen colours before first paint.
  window.__md_palette = function () {
    var palette = __md_get("__palette");
    if (!palette || !palette.color) return;
    if (palette.color.media === "(prefers-color-scheme)") {
      var light = matchMedia("(prefers-color-scheme: light)").matches;
      var input = document.querySelector(light
        ? "[data-md-color-media='(prefers-color-scheme: light)']"
        : "[data-md-color-media='(prefers-color-scheme: dark)']");
      palette.color.media = input.getAttribute("data-md-color-media");
      palette.color.scheme = input.getAttribute("data-md-color-scheme");
      palette.color.primary = input.getAttribute("data-md-color-primary");
      palette.color.accent = input.getAttribute("data-md-color-accent");
    }
    for (var key in palette.color) {
      document.body.setAttribute("data-md-color-" + key, palette.color[key]);
    }
  };
})();
