import { IsBoolean, IsOptional } from 'class-validator';
import type { OrganizationKycSettings } from '@app/audit';

export class DocumentReadingSettingsDto {
  /** The hosted page refuses a document photo whose DNI barcode (PDF417) cannot be read or is not a valid DNI, and asks the person for another photo before the selfie (default false: the session goes on and its decision records BARCODE_NOT_DETECTED or BARCODE_VALIDATION_FAILED). */
  @IsOptional()
  @IsBoolean()
  requireReadableBarcode?: boolean;
}

export class DocumentReadingSettingsResponseDto {
  requireReadableBarcode!: boolean;
}

export function toDocumentReadingSettingsResponse(s: OrganizationKycSettings): DocumentReadingSettingsResponseDto {
  return { requireReadableBarcode: s.requireReadableBarcode };
}

export function toDocumentReadingSettingsPatch(dto: DocumentReadingSettingsDto | undefined): Partial<OrganizationKycSettings> {
  return { requireReadableBarcode: dto?.requireReadableBarcode };
}
