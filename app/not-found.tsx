import { Card } from "@/components/ui/Card";
import { LINK_CLASS } from "@/components/ui/TextLink";
import Link from "next/link";

export default function NotFound() {
  return (
    <Card tone="raised" padding="xl" className="mx-auto mt-10 max-w-lg">
      <h1 className="text-xl font-semibold">Página não encontrada</h1>
      <p className="mt-2 text-slate-700">
        O endereço não existe ou o item foi removido. Confira o link ou volte à lista de runbooks.
      </p>
      <div className="mt-4 flex gap-4">
        <Link href="/" className={LINK_CLASS}>
          Início
        </Link>
        <Link href="/runbooks" className={LINK_CLASS}>
          Runbooks
        </Link>
      </div>
    </Card>
  );
}
