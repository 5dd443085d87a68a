/**
 * Policy-controlled features, as camelCase option names (`syncXhr` is `sync-xhr`). Client hints
 * (`chUaArch` → `ch-ua-arch`) are accepted through the `ch…` pattern.
 *
 * @example
 * ```ts
 * const feature: PermissionsPolicyFeature = 'publickeyCredentialsGet';
 * ```
 */
export type PermissionsPolicyFeature =
  | 'accelerometer'
  | 'allScreensCapture'
  | 'ambientLightSensor'
  | 'attributionReporting'
  | 'autofill'
  | 'autoplay'
  | 'battery'
  | 'bluetooth'
  | 'browsingTopics'
  | 'camera'
  | 'capturedSurfaceControl'
  | 'clipboardRead'
  | 'clipboardWrite'
  | 'computePressure'
  | 'crossOriginIsolated'
  | 'deferredFetch'
  | 'deferredFetchMinimal'
  | 'digitalCredentialsGet'
  | 'directSockets'
  | 'displayCapture'
  | 'documentDomain'
  | 'encryptedMedia'
  | 'executionWhileNotRendered'
  | 'executionWhileOutOfViewport'
  | 'focusWithoutUserActivation'
  | 'fullscreen'
  | 'gamepad'
  | 'geolocation'
  | 'gyroscope'
  | 'hid'
  | 'identityCredentialsGet'
  | 'idleDetection'
  | 'interestCohort'
  | 'joinAdInterestGroup'
  | 'keyboardMap'
  | 'languageDetector'
  | 'localFonts'
  | 'magnetometer'
  | 'microphone'
  | 'midi'
  | 'navigationOverride'
  | 'onDeviceSpeechRecognition'
  | 'otpCredentials'
  | 'payment'
  | 'pictureInPicture'
  | 'privateAggregation'
  | 'privateStateTokenIssuance'
  | 'privateStateTokenRedemption'
  | 'publickeyCredentialsCreate'
  | 'publickeyCredentialsGet'
  | 'rewriter'
  | 'runAdAuction'
  | 'screenWakeLock'
  | 'serial'
  | 'sharedStorage'
  | 'sharedStorageSelectUrl'
  | 'smartCard'
  | 'speakerSelection'
  | 'storageAccess'
  | 'summarizer'
  | 'syncXhr'
  | 'translator'
  | 'unload'
  | 'usb'
  | 'verticalScroll'
  | 'webShare'
  | 'windowManagement'
  | 'writer'
  | 'xrSpatialTracking'
  | `ch${Capitalize<string>}`;

/** Every named feature above, for runtime validation and suggestions. */
export const FEATURES: readonly string[] = [
  'accelerometer',
  'allScreensCapture',
  'ambientLightSensor',
  'attributionReporting',
  'autofill',
  'autoplay',
  'battery',
  'bluetooth',
  'browsingTopics',
  'camera',
  'capturedSurfaceControl',
  'clipboardRead',
  'clipboardWrite',
  'computePressure',
  'crossOriginIsolated',
  'deferredFetch',
  'deferredFetchMinimal',
  'digitalCredentialsGet',
  'directSockets',
  'displayCapture',
  'documentDomain',
  'encryptedMedia',
  'executionWhileNotRendered',
  'executionWhileOutOfViewport',
  'focusWithoutUserActivation',
  'fullscreen',
  'gamepad',
  'geolocation',
  'gyroscope',
  'hid',
  'identityCredentialsGet',
  'idleDetection',
  'interestCohort',
  'joinAdInterestGroup',
  'keyboardMap',
  'languageDetector',
  'localFonts',
  'magnetometer',
  'microphone',
  'midi',
  'navigationOverride',
  'onDeviceSpeechRecognition',
  'otpCredentials',
  'payment',
  'pictureInPicture',
  'privateAggregation',
  'privateStateTokenIssuance',
  'privateStateTokenRedemption',
  'publickeyCredentialsCreate',
  'publickeyCredentialsGet',
  'rewriter',
  'runAdAuction',
  'screenWakeLock',
  'serial',
  'sharedStorage',
  'sharedStorageSelectUrl',
  'smartCard',
  'speakerSelection',
  'storageAccess',
  'summarizer',
  'syncXhr',
  'translator',
  'unload',
  'usb',
  'verticalScroll',
  'webShare',
  'windowManagement',
  'writer',
  'xrSpatialTracking',
];

const CLIENT_HINT = /^ch(?:[A-Z][a-z0-9]*)+$/;
const KNOWN = new Set(FEATURES);

/** Whether `name` is a known feature option name. */
export function isFeatureName(name: string): boolean {
  return KNOWN.has(name) || CLIENT_HINT.test(name);
}

/** `syncXhr` → `sync-xhr`. */
export function featureHeaderName(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** `sync-xhr` → `syncXhr`. */
export function featureOptionName(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}
