// Tiny site script: marks the current navigation link.
document.querySelectorAll('nav a').forEach(function (a) {
  if (a.href === location.href) { a.setAttribute('aria-current', 'page'); }
});
