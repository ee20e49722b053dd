import t from 'tap';
import { HealthCounter } from '../../lib/checks/health.js';

t.test('a checked server starts UP at rise: one failure takes it DOWN', async (t) => {
  const c = new HealthCounter(2, 3);
  t.equal(c.up, true);
  t.equal(c.settled, undefined, 'in between: fastinter applies');
  t.equal(c.record(false), 'down');
  t.equal(c.health, 0);
  t.equal(c.status, '0/2 DOWN');
});

t.test('fully UP needs fall failures, DOWN needs rise successes', async (t) => {
  // [result, expected transition, health after, status]
  const steps: [boolean, 'up' | 'down' | undefined, number, string][] = [
    [true, undefined, 4, '3/3 UP'],
    [false, undefined, 3, '2/3 UP'],
    [false, undefined, 2, '1/3 UP'],
    [true, undefined, 4, '3/3 UP'],
    [false, undefined, 3, '2/3 UP'],
    [false, undefined, 2, '1/3 UP'],
    [false, 'down', 0, '0/2 DOWN'],
    [false, undefined, 0, '0/2 DOWN'],
    [true, undefined, 1, '1/2 DOWN'],
    [false, undefined, 0, '0/2 DOWN'],
    [true, undefined, 1, '1/2 DOWN'],
    [true, 'up', 4, '3/3 UP'],
  ];
  const c = new HealthCounter(2, 3);
  for (const [i, [ok, transition, health, status]] of steps.entries()) {
    t.equal(c.record(ok), transition, `step ${i} transition`);
    t.equal(c.health, health, `step ${i} health`);
    t.equal(c.status, status, `step ${i} status`);
  }
  t.equal(c.settled, 'up');
});

t.test('rise 1 fall 1', async (t) => {
  const c = new HealthCounter(1, 1);
  t.equal(c.settled, 'up');
  t.equal(c.record(false), 'down');
  t.equal(c.settled, 'down');
  t.equal(c.record(true), 'up');
});
