// Audit pack progress: ask the server how far the pack has got every two seconds until it is ready or
// has failed. The state lives on the server, so a reload shows the same bar.
const box = document.querySelector("[data-pack-progress]");

function show(selector, visible) {
  const element = document.querySelector(selector);
  if (element) element.hidden = !visible;
}

async function poll() {
  let state;
  try {
    const response = await fetch(box.dataset.packProgress, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    if (!response.ok) throw new Error(String(response.status));
    state = await response.json();
  } catch {
    window.setTimeout(poll, 5000);
    return;
  }
  const bar = document.getElementById("pack-progress");
  bar.value = state.percent;
  bar.textContent = `${state.percent}%`;
  box.querySelector("[data-pack-percent]").textContent = `${state.percent}% done`;
  const stage = box.querySelector("[data-pack-stage]");
  if (state.status === "ready") stage.textContent = "The pack is ready.";
  else if (state.status === "failed") stage.textContent = "The pack could not be built.";
  else stage.textContent = state.stage || "Waiting for the worker to start.";
  box.dataset.status = state.status;
  show("[data-pack-ready]", state.status === "ready");
  show("[data-pack-failed]", state.status === "failed");
  show("[data-pack-retry]", state.status === "failed");
  const error = document.querySelector("[data-pack-error]");
  if (error) error.textContent = state.error;
  if (state.status !== "ready" && state.status !== "failed") window.setTimeout(poll, 2000);
}

if (box && box.dataset.status !== "ready" && box.dataset.status !== "failed") window.setTimeout(poll, 1000);
