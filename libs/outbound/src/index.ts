export { type EgressPolicy, judgeAddress, type Verdict } from './egress-policy';
export { OutboundRefusedError } from './guarded-connector';
export {
  OutboundError,
  type OutboundFailureKind,
  OutboundHttp,
  type OutboundHttpOptions,
  type OutboundRequest,
  type OutboundResponse,
} from './outbound-http';
export { OutboundModule } from './outbound.module';
export { outboundUrlProblem } from './outbound-url';
