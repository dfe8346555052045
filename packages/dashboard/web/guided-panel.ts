/**
 * Guided mode's panel, always in the same place with its buttons in the same places: the
 * scenario, "Step N of M", the step's narration in large type, its result as it comes, and the
 * verdict at the end. Next runs the next step (and follows the present again); Back shows the
 * moment the previous step ended, on the timeline, without undoing anything; Skip runs the rest
 * to the verdict. A library picker loads another scenario; Restart loads this one afresh.
 */
import type { LibraryEntry, StepResultView } from '../src/protocol.js';
import type { Actions } from './actions.js';
import { button, html, part, replaceChildren } from './dom.js';
import type { GuidedProgress } from './guided-progress.js';

export interface GuidedPanelHost {
  readonly actions: Actions;
  /** Whether playback is paused now (the server's Skip does not run while it is). */
  paused(): boolean;
  notice(title: string, detail: string): void;
  /** Shows the moment step `index` ended (Back, a step dot). */
  review(index: number): void;
  /** Follows the present again. */
  live(): void;
}

const STATUS_WORDS: Readonly<Record<StepResultView['status'], string>> = { passed: 'Passed', failed: 'Failed', skipped: 'Skipped' };

export class GuidedPanel {
  readonly #panel = part('guided-panel');
  readonly #name = html('span', { class: 'guided-name', 'data-testid': 'guided-name' });
  readonly #library = html('select', { 'data-testid': 'guided-library', 'aria-label': 'Scenario library' });
  readonly #progress = html('span', { class: 'guided-progress', 'data-testid': 'guided-progress' });
  readonly #title = html('span', { class: 'guided-title', 'data-testid': 'guided-title' });
  readonly #dots = html('div', { class: 'guided-dots' });
  readonly #narration = html('p', { class: 'guided-narration', 'data-testid': 'guided-narration' });
  readonly #result = html('p', { class: 'guided-result', 'data-testid': 'guided-result' });
  readonly #verdict = html('div', { class: 'guided-verdict', 'data-testid': 'guided-verdict', hidden: true, role: 'status' });
  readonly #back: HTMLButtonElement;
  readonly #next: HTMLButtonElement;
  readonly #skip: HTMLButtonElement;
  readonly #restart: HTMLButtonElement;
  readonly #load: HTMLButtonElement;
  #progressState: GuidedProgress | null = null;
  #libraryKey = '';

  constructor(private readonly host: GuidedPanelHost) {
    const { actions } = host;
    this.#back = button('◀ Back', 'guided-back', () => this.#goBack(), 'guided-button');
    this.#next = button('Next ▶', 'guided-next', () => this.#goNext(), 'guided-button primary');
    this.#skip = button('Skip to verdict', 'guided-skip', () => this.#skipAll(), 'guided-button');
    this.#restart = button('Restart', 'guided-restart', () => actions.guided('restart'), 'small');
    this.#load = button('Load', 'guided-load', () => {
      if (this.#library.value !== '') actions.guided('load', this.#library.value);
    }, 'small');
    this.#back.title = 'Show the moment the previous step ended (nothing is undone)';
    this.#skip.title = 'Run the remaining steps to the verdict';
    replaceChildren(
      this.#panel,
      html('div', { class: 'guided-head' }, html('span', { class: 'panel-kicker' }, 'Guided'), this.#name),
      html('div', { class: 'guided-step-line' }, this.#progress, this.#title),
      this.#dots,
      html('div', { class: 'guided-body' }, this.#narration, this.#result),
      this.#verdict,
      html('div', { class: 'guided-buttons' }, this.#back, this.#next, this.#skip),
      html('div', { class: 'guided-library' }, this.#library, this.#load, this.#restart),
    );
  }

  update(mode: 'live' | 'guided', guided: GuidedProgress | null, library: readonly LibraryEntry[]): void {
    this.#progressState = guided;
    this.#panel.hidden = guided === null && library.length === 0;
    this.#panel.dataset.mode = guided === null ? 'live' : mode;
    this.#updateLibrary(library, guided?.view.file);
    this.#restart.disabled = guided === null;
    if (guided === null) {
      this.#name.textContent = 'Live simulation';
      this.#progress.textContent = '';
      this.#title.textContent = 'Pick a scenario and Load it to play it step by step';
      this.#narration.textContent = '';
      this.#result.textContent = '';
      this.#dots.replaceChildren();
      this.#verdict.hidden = true;
      for (const b of [this.#back, this.#next, this.#skip]) b.disabled = true;
      return;
    }
    const total = guided.total;
    const shown = Math.min(guided.shown, Math.max(0, total - 1));
    const step = guided.view.steps[shown];
    const result = guided.results.get(shown);
    this.#name.textContent = guided.view.name;
    this.#name.title = `${guided.view.file}\n${guided.view.description}`;
    this.#progress.textContent = total === 0 ? 'No steps' : `Step ${shown + 1} of ${total}`;
    this.#title.textContent = step === undefined ? '' : `${guided.reviewing === null ? '' : 'Looking back · '}${step.title}`;
    this.#narration.textContent = step?.say ?? step?.title ?? '';
    this.#narration.classList.toggle('title-only', step?.say === null);
    this.#renderResult(guided, shown, result);
    this.#renderDots(guided);
    this.#renderVerdict(guided);
    this.#back.disabled = guided.backTarget === null;
    this.#next.disabled = guided.finished;
    this.#skip.disabled = guided.finished || guided.running;
  }

  #renderResult(guided: GuidedProgress, shown: number, result: StepResultView | undefined): void {
    if (result === undefined) {
      const waiting = guided.running && guided.current === shown;
      this.#result.className = `guided-result ${waiting ? 'running' : 'pending'}`;
      this.#result.textContent = waiting ? 'Running…' : 'Press Next to run this step';
      delete this.#result.dataset.status;
      return;
    }
    this.#result.className = `guided-result status-${result.status}`;
    this.#result.dataset.status = result.status;
    replaceChildren(this.#result, html('strong', {}, `${result.status === 'passed' ? '✓' : result.status === 'failed' ? '✗' : '–'} ${STATUS_WORDS[result.status]}`), ` ${result.summary}`, result.failure === null ? null : html('span', { class: 'failure' }, result.failure));
  }

  #renderDots(guided: GuidedProgress): void {
    replaceChildren(
      this.#dots,
      ...guided.view.steps.map((s) => {
        const r = guided.results.get(s.index);
        const dot = html('button', {
          type: 'button',
          class: `guided-dot status-${r?.status ?? (guided.running && guided.current === s.index ? 'running' : 'pending')}${s.index === guided.shown ? ' shown' : ''}`,
          'data-testid': `guided-dot-${s.index + 1}`,
          title: `Step ${s.index + 1}: ${s.title}${r === undefined ? '' : ` — ${r.status}`}`,
          disabled: r === undefined,
        });
        dot.addEventListener('click', () => this.host.review(s.index));
        return dot;
      }),
    );
  }

  #renderVerdict(guided: GuidedProgress): void {
    const verdict = guided.verdict;
    this.#verdict.hidden = verdict === null;
    this.#panel.classList.toggle('has-verdict', verdict !== null);
    if (verdict === null) return;
    const failed = guided.firstFailure();
    const headline = verdict.passed ? 'Passed: every check held' : failed === undefined ? 'Failed' : `Failed at step ${failed.index + 1}: ${guided.view.steps[failed.index]?.title ?? ''}`;
    this.#verdict.className = `guided-verdict ${verdict.passed ? 'passed' : 'failed'}`;
    this.#verdict.dataset.passed = String(verdict.passed);
    replaceChildren(this.#verdict, html('strong', {}, headline), html('span', {}, verdict.summary));
  }

  #updateLibrary(library: readonly LibraryEntry[], current: string | undefined): void {
    const key = JSON.stringify([library, current]);
    if (key === this.#libraryKey) return;
    this.#libraryKey = key;
    replaceChildren(this.#library, ...library.map((e) => html('option', { value: e.file, selected: e.file === current }, e.name)));
    this.#library.disabled = library.length === 0;
    this.#load.disabled = library.length === 0;
  }

  #goNext(): void {
    const guided = this.#progressState;
    if (guided === null || guided.finished) return;
    if (!this.host.actions.guided('next')) return;
    guided.startNext();
    this.host.live();
  }

  #skipAll(): void {
    const guided = this.#progressState;
    if (guided === null || guided.finished) return;
    if (this.host.paused()) {
      this.host.notice('Playback is paused', 'Skip runs the remaining steps only while playing: Resume first, or step with Next.');
      return;
    }
    if (!this.host.actions.guided('skip')) return;
    guided.startSkip();
    this.host.live();
  }

  #goBack(): void {
    const target = this.#progressState?.backTarget;
    if (target !== null && target !== undefined) this.host.review(target);
  }
}
