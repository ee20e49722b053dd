/**
 * HAProxy's rise/fall state machine (manual 5.2 "rise", "fall"; behaviour
 * verified on 2.6.12): a counter in 0 .. rise+fall-1, UP while it is at
 * least `rise`. A checked server starts UP at `rise` — so one failed first
 * check takes it DOWN. A failure above `rise` counts down, at or below it
 * drops to 0 (DOWN); a success counts up, and on reaching `rise` jumps to
 * rise+fall-1 (fully UP: `fall` failures needed to go down again).
 */
export class HealthCounter {
  readonly rise: number;
  readonly fall: number;
  health: number;

  constructor(rise: number, fall: number) {
    this.rise = rise;
    this.fall = fall;
    this.health = rise;
  }

  get up(): boolean {
    return this.health >= this.rise;
  }

  /** Fully UP or fully DOWN (not transitioning). */
  get settled(): 'up' | 'down' | undefined {
    if (this.health >= this.rise + this.fall - 1) return 'up';
    return this.health === 0 ? 'down' : undefined;
  }

  /** Counts one result; returns the new state when it changed. */
  record(ok: boolean): 'up' | 'down' | undefined {
    const wasUp = this.up;
    const max = this.rise + this.fall - 1;
    if (ok) {
      if (this.health < max) this.health++;
      if (this.health >= this.rise) this.health = max;
    } else if (this.health > this.rise) this.health--;
    else this.health = 0;
    if (wasUp === this.up) return undefined;
    return this.up ? 'up' : 'down';
  }

  /** As `option log-health-checks` shows it: "2/3 UP" (failures left of fall), "1/2 DOWN" (successes of rise). */
  get status(): string {
    return this.up ? `${this.health - this.rise + 1}/${this.fall} UP` : `${this.health}/${this.rise} DOWN`;
  }
}
