/**
 * The export: the session as a scenario file (YAML) the runner can replay, shown in a dialog
 * and offered as a download, `ekmsim-session.yaml`.
 */
import { part } from './dom.js';

const FILE_NAME = 'ekmsim-session.yaml';

export class ExportDialog {
  readonly #dialog = part<HTMLDialogElement>('export-dialog');
  readonly #text = part('export-yaml');
  readonly #download = part<HTMLAnchorElement>('export-download');
  #url: string | undefined;

  constructor() {
    part('export-close').addEventListener('click', () => this.#dialog.close());
    this.#download.setAttribute('download', FILE_NAME);
  }

  show(yaml: string): void {
    if (this.#url !== undefined) URL.revokeObjectURL(this.#url);
    this.#url = URL.createObjectURL(new Blob([yaml], { type: 'application/yaml' }));
    this.#download.href = this.#url;
    this.#text.textContent = yaml;
    if (!this.#dialog.open) this.#dialog.showModal();
  }
}
