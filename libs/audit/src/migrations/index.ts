import { CreateOrganizationsAndKeys1763769600000 } from './1763769600000-CreateOrganizationsAndKeys';
import { CreateKycSettings1763769660000 } from './1763769660000-CreateKycSettings';
import { CreateEntities1763769720000 } from './1763769720000-CreateEntities';
import { CreateFaceMatchVerifications1763769780000 } from './1763769780000-CreateFaceMatchVerifications';
import { CreateRenaperChecks1763856000000 } from './1763856000000-CreateRenaperChecks';
import { CreateWebhookDeliveries1763942400000 } from './1763942400000-CreateWebhookDeliveries';
import { CreateKycValidations1764028800000 } from './1764028800000-CreateKycValidations';
import { CreateFaceTemplatesAndBiometricChecks1764115200000 } from './1764115200000-CreateFaceTemplatesAndBiometricChecks';
import { AddOrganizationLimits1764201600000 } from './1764201600000-AddOrganizationLimits';
import { AddWebhookAllowedHosts1764288000000 } from './1764288000000-AddWebhookAllowedHosts';
import { CreateIdVerifications1764460800000 } from './1764460800000-CreateIdVerifications';
import { CreateLivenessChecks1764547200000 } from './1764547200000-CreateLivenessChecks';
import { AddSessionLiveness1764633600000 } from './1764633600000-AddSessionLiveness';
import { AddSessionDocumentReading1765065600000 } from './1765065600000-AddSessionDocumentReading';

/** Every migration, oldest first. Listed explicitly: a glob would behave differently under ts and dist. */
export const AUDIT_MIGRATIONS = [
  CreateOrganizationsAndKeys1763769600000,
  CreateKycSettings1763769660000,
  CreateEntities1763769720000,
  CreateFaceMatchVerifications1763769780000,
  CreateRenaperChecks1763856000000,
  CreateWebhookDeliveries1763942400000,
  CreateKycValidations1764028800000,
  CreateFaceTemplatesAndBiometricChecks1764115200000,
  AddOrganizationLimits1764201600000,
  AddWebhookAllowedHosts1764288000000,
  CreateIdVerifications1764460800000,
  CreateLivenessChecks1764547200000,
  AddSessionLiveness1764633600000,
  AddSessionDocumentReading1765065600000,
];
