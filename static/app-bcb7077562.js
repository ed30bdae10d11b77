// Pawtal's own small enhancements, loaded on every page; each acts only where it applies.
// Booking steps (without JS the browser keeps form state itself):
// Before htmx swaps in the next step, record this step's choices in the current history
// entry: htmx re-fetches a URL on Back, so Back then shows this step with its choices.
document.addEventListener('htmx:before:request', function (event) {
  var form = event.target && event.target.closest && event.target.closest('form[data-step]');
  if (!form) return;
  var query = new URLSearchParams(new FormData(form));
  query.set('step', form.getAttribute('data-step'));
  history.replaceState(history.state, '', form.action.split('?')[0] + '?' + query.toString());
});
