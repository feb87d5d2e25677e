import { Injectable } from '@nestjs/common';
import type { KycValidation } from '@app/audit';
import { SessionDocumentService } from './decision/session-document.service';
import { toValidationResponse, ValidationResponseDto } from './validation.dto';

/** A validation as the API returns it: the mapper, plus the card's data opened from its sealed reading. */
@Injectable()
export class ValidationPresenter {
  constructor(private readonly cards: SessionDocumentService) {}

  present(validation: KycValidation, providerSessionUrl: string | null = null): ValidationResponseDto {
    return toValidationResponse(validation, this.cards.extractedData(validation), providerSessionUrl);
  }
}
