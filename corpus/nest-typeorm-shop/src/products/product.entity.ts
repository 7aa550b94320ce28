import { Column, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('products')
export class Product {
  @PrimaryGeneratedColumn()
  id: number;

  @Index({ unique: true })
  @Column()
  sku: string;

  @Column()
  name: string;

  @Index()
  @Column()
  category: string;

  @Column('int')
  priceCents: number;

  @Column('int', { default: 0 })
  stock: number;

  @UpdateDateColumn()
  updatedAt: Date;
}
