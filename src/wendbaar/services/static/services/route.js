/* Progressive enhancement: a print button on the route page. Without JavaScript the page
   says to use the browser's print command, which works just as well. */
(function () {
  var holder = document.getElementById("print-holder");
  if (!holder || !window.print) { return; }
  var button = document.createElement("button");
  button.type = "button";
  button.className = "button button--secondary";
  button.textContent = holder.getAttribute("data-label");
  button.addEventListener("click", function () { window.print(); });
  holder.replaceChildren(button);
})();
