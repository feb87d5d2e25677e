export { FakeClock, ShiftedClock } from './fake-clock';
