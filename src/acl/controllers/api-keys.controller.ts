import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AclAdminService } from '../acl-admin.service';
import { CurrentPrincipal, type Principal } from '../principal';

@ApiTags('access')
@Controller('acl/keys')
export class ApiKeysController {
  constructor(private readonly admin: AclAdminService) {}

  @Get()
  @ApiOperation({ summary: 'API keys (your own; all of them for auditors and administrators), never their secrets' })
  list() {
    return this.admin.listKeys();
  }

  @Post()
  @ApiOperation({
    summary: 'Create an API key',
    description:
      'The answer holds the secret, once: it is stored only as a hash. Use the key as HTTP Basic (id as user name, secret as password) or as a bearer token `<id>.<secret>`.',
  })
  @ApiBody({
    required: false,
    schema: { type: 'object', properties: { owner: { type: 'string' }, description: { type: 'string' }, expiresAt: { type: 'string', format: 'date-time' } } },
  })
  create(@Body() body: unknown, @CurrentPrincipal() who: Principal) {
    return this.admin.createKey(body, who);
  }

  @Post(':id/rotate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give a key a new secret (shown once); the old one works for `graceSeconds` more' })
  @ApiBody({ required: false, schema: { type: 'object', properties: { graceSeconds: { type: 'integer', minimum: 0 } } } })
  rotate(@Param('id') id: string, @Body() body: unknown) {
    return this.admin.rotateKey(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a key, with its role bindings' })
  async revoke(@Param('id') id: string): Promise<void> {
    await this.admin.revokeKey(id);
  }
}
