// Suggestions while typing: progressive enhancement of the plain GET form.
// Without JavaScript the form still works; with it, the first matches appear as links
// in a polite live region, so screen readers hear how many there are.
(function () {
  "use strict";
  var form = document.querySelector("form[data-suggest]");
  if (!form || !window.fetch) { return; }
  var input = form.querySelector("input[name=q]");
  var box = document.getElementById("suggestions");
  var lang = document.documentElement.lang === "en" ? "en" : "nl";
  var timer = null;
  var latest = 0;
  var words = lang === "en"
    ? { one: "1 suggestion", many: " suggestions" }
    : { one: "1 suggestie", many: " suggesties" };

  function show(candidates) {
    box.textContent = "";
    if (!candidates.length) { return; }
    var count = document.createElement("p");
    count.className = "meta";
    count.textContent = candidates.length === 1 ? words.one : candidates.length + words.many;
    var list = document.createElement("ul");
    candidates.forEach(function (c) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = (lang === "en" ? "/en" : "") + "/beroepen-en-vaardigheden/begrip/" + c.concept_id + "/";
      link.textContent = c.display_label;
      if (c.display_lang !== lang) { link.lang = c.display_lang; }
      item.appendChild(link);
      list.appendChild(item);
    });
    box.appendChild(count);
    box.appendChild(list);
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    var text = input.value.trim();
    if (text.length < 3) { box.textContent = ""; return; }
    timer = window.setTimeout(function () {
      var ticket = ++latest;
      fetch("/api/v1/link", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ texts: [text], kind: form.dataset.suggest, lang: lang, top: 5 })
      }).then(function (response) {
        return response.ok ? response.json() : { results: [{ candidates: [] }] };
      }).then(function (data) {
        if (ticket === latest) { show(data.results[0].candidates); }
      }).catch(function () { box.textContent = ""; });
    }, 250);
  });
}());
