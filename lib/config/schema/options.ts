/** ajv options for the model schema, shared by the run-time compiler and the build-time standalone generator. */
export const AJV_OPTIONS = { allErrors: true, discriminator: true, strict: true, strictRequired: false } as const;
