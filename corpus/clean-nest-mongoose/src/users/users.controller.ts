import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { UsersService } from './users.service';

class CredentialsDto {
  @IsEmail()
  email: string;

  @IsString()
  @MinLength(8)
  @MaxLength(200)
  password: string;
}

@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  register(@Body() dto: CredentialsDto) {
    return this.users.register(dto.email, dto.password);
  }

  @HttpCode(200)
  @Post('login')
  login(@Body() dto: CredentialsDto) {
    return this.users.verify(dto.email, dto.password);
  }
}
