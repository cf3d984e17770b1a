import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** Paths of the API description, as the Java reference (springdoc) serves them. */
export const SWAGGER_UI_PATH = 'swagger-ui';
export const OPENAPI_JSON_PATH = 'v3/api-docs';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Arrowhead 5 ServiceOrchestration')
    .setDescription(
      'Simple-store orchestration, lock, push, history and general management of an Arrowhead 5 local cloud. ' +
        'Every operation is also served over MQTT: its topic is given as `x-mqtt-topic`; MQTT requests and replies use the ' +
        'Arrowhead request/response templates. Management operations (`x-management: true`) are open to the system operator ' +
        'and the management policy\'s systems only. ' +
        'Identity: `Authorization: Bearer SYSTEM//<SystemName>` (declared policy).',
    )
    .setVersion('1.0.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'SYSTEM//<SystemName>' })
    .build();
  return SwaggerModule.createDocument(app, config);
}

export function serveOpenApi(app: INestApplication): void {
  SwaggerModule.setup(SWAGGER_UI_PATH, app, () => buildOpenApiDocument(app), { jsonDocumentUrl: OPENAPI_JSON_PATH });
}
