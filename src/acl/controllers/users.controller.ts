import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AclAdminService } from '../acl-admin.service';

@ApiTags('access')
@Controller('acl/users')
export class UsersController {
  constructor(private readonly admin: AclAdminService) {}

  @Get()
  @ApiOperation({ summary: 'Users and service accounts (never their passwords)' })
  list() {
    return this.admin.listUsers();
  }

  @Post()
  @ApiOperation({ summary: 'Create a user (with a password) or a service account (without)' })
  @ApiBody({ schema: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, password: { type: 'string', minLength: 8 } } } })
  create(@Body() body: unknown) {
    return this.admin.createUser(body);
  }

  @Delete(':name')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a user with its API keys and role bindings' })
  async remove(@Param('name') name: string): Promise<void> {
    await this.admin.deleteUser(name);
  }

  @Put(':name/password')
  @HttpCode(204)
  @ApiOperation({ summary: "Change a user's password (administrators, or the user itself)" })
  @ApiBody({ schema: { type: 'object', required: ['password'], properties: { password: { type: 'string', minLength: 8 } } } })
  async password(@Param('name') name: string, @Body() body: unknown): Promise<void> {
    await this.admin.changePassword(name, body);
  }
}
