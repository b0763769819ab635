import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();

if (document.querySelector("form[data-autosave]")) {
  import("./autosave.js");
}

if (document.querySelector("[data-pack-progress]")) {
  import("./pack-progress.js");
}
