export * from './image-storage';
export * from './image-paths';
export { LocalImageStorage } from './local-image-storage';
export { createBiometricCipher, createImageStorage, createProviderStorage, createRoutedStorage, StorageModule } from './storage.module';
export { ImageStorageUnavailableError, S3ImageStorage, S3StorageSettings } from './s3-image-storage';
export { ProviderRoutedImageStorage } from './provider-routed-image-storage';
export { BiometricCipher, BiometricDecryptionError, envelopeKeyId, isEnvelope } from './encryption/envelope';
export { EncryptedImageStorage, ReencryptOutcome } from './encryption/encrypted-image-storage';
export { loadBiometricCipher, KeyringSettings } from './encryption/keyring';
export {
  isSealedSecret,
  SecretSealer,
  sealStoredSecrets,
  type SecretSealingCounts,
  type SecretTable,
  type StoredSecret,
} from './encryption/sealed-secret';
