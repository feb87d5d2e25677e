import { checkDniCard, DniCardCheck, DniCardFacts } from './dni-card.rules';

export type IdVerificationFacts = DniCardFacts;

export interface IdVerificationDecision extends DniCardCheck {
  status: 'approved' | 'declined';
}

/** Approved only when the barcode reads, validates, and nothing else is wrong (`checkDniCard`, shared with sessions). Pure. */
export function decideIdVerification(facts: IdVerificationFacts): IdVerificationDecision {
  const check = checkDniCard(facts);
  return { status: check.warnings.length === 0 ? 'approved' : 'declined', ...check };
}
