// Draft minutes save as they are written: a form marked data-autosave posts itself in the background a
// few seconds after the last change (and before the page is left), with the X-Autosave header. The
// server answers with the new version, which the next save sends, and the records any new action or
// condition became, so that they are not created twice. The button still saves in full and shows any
// problem on the page; nothing typed is lost when a background save is refused.

const DELAY_MS = 4000;

function setStatus(form, text) {
  const status = form.querySelector("[data-autosave-status]");
  if (status) status.textContent = text;
}

function applyLineIds(form, prefix, ids) {
  (ids || []).forEach((id, index) => {
    const input = form.querySelector(`input[name="${prefix}-${index}-id"]`);
    if (input && id) input.value = id;
  });
}

function autosave(form) {
  let timer = null;
  let dirty = false;
  let saving = null; // the background save under way, if any

  function save() {
    timer = null;
    if (!dirty || saving) return saving;
    saving = send().finally(() => {
      saving = null;
      // Changes made while it was sending go in the next save.
      if (dirty && !timer) timer = setTimeout(save, DELAY_MS);
    });
    return saving;
  }

  async function send() {
    dirty = false;
    setStatus(form, "Saving…");
    try {
      const response = await fetch(form.action || window.location.href, {
        method: "POST",
        body: new FormData(form),
        headers: { "X-Autosave": "1", Accept: "application/json" },
        credentials: "same-origin",
      });
      const answer = await response.json();
      if (response.ok) {
        form.querySelector('input[name="version"]').value = answer.version;
        applyLineIds(form, "a", answer.line_ids && answer.line_ids.actions);
        applyLineIds(form, "c", answer.line_ids && answer.line_ids.conditions);
        setStatus(form, `Draft saved at ${answer.saved_at}.`);
      } else if (response.status === 409) {
        setStatus(form, "Not saved: the minutes were changed elsewhere. Save with the button to compare.");
      } else {
        // Saved again at the next change; the button shows the problem on the page.
        const why = (answer.errors || []).join(" ");
        setStatus(form, `Not saved yet${why ? `: ${why}` : ""}.`);
      }
    } catch (error) {
      setStatus(form, "Not saved: the connection was lost. Your writing is still on this page.");
      dirty = true;
    }
  }

  function changed() {
    dirty = true;
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, DELAY_MS);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", (event) => {
    if (timer) clearTimeout(timer);
    timer = null;
    dirty = false;
    if (saving) {
      // Let the background save finish first, so the button sends the version it produced.
      event.preventDefault();
      const button = event.submitter;
      saving.then(() => form.requestSubmit(button));
    }
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden" && dirty) save();
  });
  setStatus(form, "Draft minutes are saved as you write.");
}

document.querySelectorAll("form[data-autosave]").forEach(autosave);
