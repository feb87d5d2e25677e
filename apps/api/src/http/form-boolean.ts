/**
 * class-transformer `@Transform` for a boolean that may arrive as a multipart text field:
 * "true"/"1"/"yes" and "false"/"0"/"no"/"" become booleans; anything else is left for
 * `@IsBoolean()` to refuse with the field's message. JSON booleans pass through.
 */
export const formBoolean = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const normalised = value.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(normalised)) return true;
  if (['false', '0', 'no', ''].includes(normalised)) return false;
  return value;
};
