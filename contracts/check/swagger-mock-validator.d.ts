// @pactflow/swagger-mock-validator ships no type declarations: the part of its API the kit uses.
declare module '@pactflow/swagger-mock-validator' {
  /** One finding of the validator. */
  export interface ValidationResult {
    code: string;
    message: string;
    type: 'error' | 'warning';
    mockDetails?: {
      interactionDescription?: string | null;
      interactionState?: string | null;
      location?: string;
      value?: unknown;
    };
    specDetails?: {
      location?: string;
      pathMethod?: string | null;
      pathName?: string | null;
      value?: unknown;
    };
    source?: string;
  }
  /** The outcome of one validation. */
  export interface ValidationOutcome {
    success: boolean;
    failureReason?: string;
    errors: ValidationResult[];
    warnings: ValidationResult[];
  }
  /** Validates a pact (or other mock) file against an OpenAPI or Swagger file. */
  export interface SwaggerMockValidator {
    validate(options: {
      specPathOrUrl: string;
      mockPathOrUrl: string;
      providerName?: string;
      additionalPropertiesInResponse?: 'true' | 'false';
      requiredPropertiesInResponse?: 'true' | 'false';
    }): Promise<ValidationOutcome>;
  }
  export const SwaggerMockValidatorFactory: { create(auth?: string): SwaggerMockValidator };
}
