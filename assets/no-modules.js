// Runs only in browsers that cannot run JavaScript modules (index.html loads it with
// `nomodule`), so too old for DNS Lab: it says so instead of "Loading DNS Lab…" for ever.
// ES5 only, for the same reason.
(function () {
  var status = document.getElementById('boot-status');
  if (!status) return;
  status.className += ' boot-failed';
  status.setAttribute('role', 'alert');
  status.innerHTML = '';
  var heading = document.createElement('strong');
  heading.appendChild(document.createTextNode('DNS Lab could not start.'));
  var text = document.createElement('p');
  text.appendChild(document.createTextNode(status.getAttribute('data-too-old')));
  status.appendChild(heading);
  status.appendChild(text);
})();
