import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Swagger UI at /docs, OpenAPI JSON at /docs-json; `serverUrl` is the deployment's public base URL (PUBLIC_BASE_URL). */
export function setupSwagger(app: INestApplication, serverUrl: string): void {
  const config = new DocumentBuilder()
    .setTitle('KYC biometrics')
    .setDescription(
      'Self-hosted face match and KYC biometrics, compatible with the gu1 KYC API. ' +
        'Authenticate with "Authorization: Bearer <apiKey>" (create one with `npm run cli -- org:create --name <name>`). ' +
        'Every error answers `{ code, message, requestId, details? }` with a contract code; every response carries `X-Request-Id`.',
    )
    .setVersion('0.1.0')
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    .addServer(serverUrl, 'This deployment')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key' })
    // Every operation needs the key unless it says otherwise (`@Public()` routes declare `security: []`).
    .addSecurityRequirements('bearer')
    .addGlobalParameters({
      name: 'X-Organization-Id',
      in: 'header',
      required: false,
      description: 'Organization to act for, when the key can act for several',
      schema: { type: 'string', format: 'uuid' },
    })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', swaggerOptions: { persistAuthorization: true } });
}
