export { FakeClock, ShiftedClock } from './fake-clock';
export { InMemoryImageStorage, InMemorySessions } from './in-memory-sessions';
