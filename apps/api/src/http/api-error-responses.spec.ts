import { Controller, Get, Param } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiOkResponse, DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import { Public } from '../auth/auth.decorators';
import { ApiErrorResponses, ApiKeyRouteErrors } from './api-error-responses';

@ApiKeyRouteErrors()
@Controller('things')
class ThingsController {
  @Get(':id')
  // Explicit here: the Swagger CLI plugin, which adds the 2xx response in `nest build`, does not run under Jest.
  @ApiOkResponse({ description: 'The thing' })
  @ApiErrorResponses(404)
  findOne(@Param('id') id: string): { id: string } {
    return { id };
  }
}

@Public()
@ApiErrorResponses(400)
@Controller('status')
class StatusController {
  @Get()
  status(): { status: string } {
    return { status: 'ok' };
  }
}

async function documentFor(...controllers: (new (...args: never[]) => unknown)[]): Promise<OpenAPIObject> {
  const moduleRef = await Test.createTestingModule({ controllers }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
  await app.init();
  try {
    const config = new DocumentBuilder().addBearerAuth().addSecurityRequirements('bearer').build();
    return SwaggerModule.createDocument(app, config);
  } finally {
    await app.close();
  }
}

describe('ApiErrorResponses', () => {
  let document: OpenAPIObject;

  beforeAll(async () => {
    document = await documentFor(ThingsController, StatusController);
  });

  it("documents the controller's errors and the operation's own on every operation, with the contract's error body", () => {
    const responses = document.paths['/things/{id}'].get?.responses ?? {};
    expect(Object.keys(responses).sort()).toEqual(['200', '400', '401', '403', '404', '429', '500', '503']);
    expect(responses['404']).toMatchObject({
      description: expect.stringMatching(/^NOT_FOUND: /) as unknown,
      content: {
        'application/json': {
          schema: { allOf: [{ $ref: '#/components/schemas/ErrorResponseDto' }, { properties: { code: { enum: ['NOT_FOUND'] } } }] },
        },
      },
    });
    expect(document.components?.schemas?.['ErrorResponseDto']).toMatchObject({ required: ['code', 'message', 'requestId'] });
  });

  it('names every code a status can carry, and Retry-After where the client should wait', () => {
    const responses = document.paths['/things/{id}'].get?.responses ?? {};
    expect(responses['403']).toMatchObject({
      content: {
        'application/json': {
          schema: { allOf: [{}, { properties: { code: { enum: ['FORBIDDEN', 'NOT_ENABLED', 'NOT_CONFIGURED', 'QUOTA_EXCEEDED'] } } }] },
        },
      },
    });
    expect(responses['429']).toHaveProperty(['headers', 'Retry-After']);
    expect(responses['503']).toHaveProperty(['headers', 'Retry-After']);
    expect(responses['404']).not.toHaveProperty('headers');
  });

  it('declares public routes with security: [] and leaves the others to the bearer requirement', () => {
    expect(document.paths['/status'].get?.security).toEqual([]);
    expect(document.paths['/things/{id}'].get?.security).toBeUndefined();
    expect(document.security).toEqual([{ bearer: [] }]);
  });
});
