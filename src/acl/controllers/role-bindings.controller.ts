import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AclAdminService } from '../acl-admin.service';
import { CurrentPrincipal, type Principal } from '../principal';
import { RESOURCE_TYPES, ROLES } from '../rbac';

@ApiTags('access')
@Controller('acl/bindings')
export class RoleBindingsController {
  constructor(private readonly admin: AclAdminService) {}

  @Get()
  @ApiOperation({ summary: 'Role bindings: your own and those you may grant (all of them for auditors and administrators)' })
  list() {
    return this.admin.listBindings();
  }

  @Post()
  @ApiOperation({ summary: 'Grant a role on a resource', description: 'Needs the grant action (ResourceOwner) on the resource; SystemAdmin is granted by administrators only.' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['principal', 'role', 'resource'],
      properties: {
        principal: { type: 'string', example: 'User:alice' },
        role: { type: 'string', enum: [...ROLES] },
        resource: {
          type: 'object',
          required: ['type'],
          properties: {
            type: { type: 'string', enum: [...RESOURCE_TYPES] },
            name: { type: 'string', example: 'orders-' },
            patternType: { type: 'string', enum: ['LITERAL', 'PREFIXED'] },
          },
        },
      },
    },
  })
  create(@Body() body: unknown, @CurrentPrincipal() who: Principal) {
    return this.admin.createBinding(body, who);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a role binding' })
  async remove(@Param('id') id: string, @CurrentPrincipal() who: Principal): Promise<void> {
    await this.admin.deleteBinding(id, who);
  }
}
